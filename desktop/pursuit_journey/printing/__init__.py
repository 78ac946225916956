"""Prep sheets: layout, preview, PDF."""
