"""Stadskennis: the knowledge platform of the Kenniscentrum Vlaamse Steden."""
