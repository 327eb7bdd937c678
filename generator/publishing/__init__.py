"""Starting and publishing a site: `thutuc init`, the CI workflow templates, and `check`'s
annotations for CI."""
