"""nlp/: report structure (council, rating, scores, sections) and findings (sentences)."""

from cqc_themes.nlp.report_parser import parse_report
from cqc_themes.nlp.sentences import split_sentences

__all__ = ["parse_report", "split_sentences"]
