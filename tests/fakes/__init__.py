"""Hand-written fakes of outside systems, run as real local servers."""
