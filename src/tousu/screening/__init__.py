"""Integrity screening (M8) inside the platform: flag for review, never drop."""
