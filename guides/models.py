# Guide articles and FAQs arrive with the career-resources work (issue #3).
