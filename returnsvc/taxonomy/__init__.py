"""Occupation and skill taxonomies: ISCO-08 groups and ESCO occupations and skills, imported
from the official CSV files, with labels per locale and accent-insensitive search."""
