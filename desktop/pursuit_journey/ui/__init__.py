"""The Qt user interface: it asks the store for user actions and draws what comes back."""
