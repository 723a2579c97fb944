"""The review page and its task list: where every package's state about one review is put together.

The packages it reads (reviews, clocks, terms, assurance, panel) never import it, so reviews stays a leaf."""
