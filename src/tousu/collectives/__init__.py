"""Collective complaints (集体投诉, M6): suggested groups, confirmed cases, shared handling."""
