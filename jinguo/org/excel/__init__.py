"""Excel (and CSV) import and export of org units and people.

`readers` turns an upload into numbered rows; `units` and `people` check every row and commit
all or nothing; `exports` and `writers` produce workbooks in the same format. The job kinds that
run them in the background are in `jinguo.org.jobs`.
"""
