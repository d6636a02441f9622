"""Bulk intake from CSV and JSON Lines files (framework-free parsing and validation)."""
