"""The Overview Report and Executive Summary, drafted section by section inside the app."""
