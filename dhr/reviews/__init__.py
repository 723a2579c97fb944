"""The review: the aggregate at the centre of the product, its stage machine, people and members."""
