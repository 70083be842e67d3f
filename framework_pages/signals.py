"""Keep derived data right when content is published."""
