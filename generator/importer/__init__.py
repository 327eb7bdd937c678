"""`thutuc import`: a province's annex of procedures (CSV or XLSX) into draft procedure files.

`sheet` reads the cells, `annex` finds the header, the fields and the codes, `drafts_writer`
writes new drafts and updates the sheet's facts in files that exist.
"""
