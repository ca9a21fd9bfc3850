"""The conversation flows: onboarding, the main menu, browsing, help and my data."""
