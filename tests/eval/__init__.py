"""Knowledge evaluation sets written from the public guidance, and their runner."""
