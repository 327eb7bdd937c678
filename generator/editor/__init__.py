"""The clerks' browser editor: Decap CMS, configured from the content contract, with a local
mode (`thutuc edit`) whose saves keep each file's meaning."""
