"""Small text helpers shared by templates, filters and search."""


def sentence_case(text):
    """An all-capitals heading as a sentence («ЖЕТЕКТӨӨЧҮ ПРОЦЕССТЕР» → «Жетектөөчү процесстер»)."""
    text = str(text)
    return text.capitalize() if text.isupper() else text
