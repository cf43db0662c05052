"""Tracking a signed agreement: the log of what happened, its status, and notices."""
