"""Explainable matching (issue #14): a returnee's profile against the guides' demand entries and
business opportunities. `scoring` is the one pure scorer the case page, the reverse match and the
public explorer share, so they never disagree; it imports nothing of ours, no Flask, no database."""
