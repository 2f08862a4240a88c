"""What published content shares — guide editions, support programmes and good practices: the
draft/published status, keys CSV files match rows by, publish/unpublish and deletion of
drafts, the per-language text fields of their forms and the managers' pages built on
core.pages. Below guides, programmes and practices; knows none of them."""
