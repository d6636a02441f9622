"""Framework-free domain rules of tousu.

Nothing in this package imports Django: the lifecycle, deadline arithmetic, access policy
and evidence checks are plain Python so they can be tested and benchmarked alone, and so
the same rules serve the web API, the importer and background jobs.
"""
