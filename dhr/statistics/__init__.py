"""Partnership statistics: where reviews are, how long they take, and where the time goes."""
