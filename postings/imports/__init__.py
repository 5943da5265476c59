"""Postings from where employers already keep them: the public job-board feeds of applicant
tracking systems (Greenhouse, Lever, Ashby, Workable) and any page's schema.org JobPosting
JSON-LD.

- `fetch.py` reads a feed, bounded (time, size, content type, public addresses only).
- `feeds.py` reads each system's published format into `Opening`s.
- `sync.py` keeps a company's postings in step with a source: new openings become
  postings that go through moderation like typed ones (workflow.submit), changed ones
  are updated (workflow.save_edits), vanished ones are closed; openings the board cannot
  list (no pay range, no AI role) are held back with the reason.
"""
