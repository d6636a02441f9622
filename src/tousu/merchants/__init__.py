"""Merchants complained about, with their industry and their public commitment."""
