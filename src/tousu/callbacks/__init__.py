"""Callbacks (电话回访, M7): who to call, when, how it went, and what it says about a merchant."""
