"""Complaints, the people who file them, their evidence, messages and timeline."""
