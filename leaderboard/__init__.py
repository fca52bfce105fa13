"""Leaderboard submission and rendering."""
