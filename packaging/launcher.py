"""The frozen app's entry point (PyInstaller needs a script; the app itself is the package)."""

from pursuit_journey.__main__ import main

if __name__ == "__main__":
    main()
