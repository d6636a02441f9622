"""Demo mode: a realistic, deterministic Chinese data set for a first run of ``tousu demo``."""
