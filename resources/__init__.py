"""Icons, the desktop entry, stylesheets: shipped inside the package, read via importlib.resources."""
