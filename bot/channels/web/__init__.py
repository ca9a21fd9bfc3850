"""The web chat: a chat page and its JSON API, on the same conversation engine."""
