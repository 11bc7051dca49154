"""What each science profile is expected to show, for reports and tests (DESIGN.md tables,
SCIENCE.md section 2). The simulation never reads these: it is checked against them."""

#: The article's compression table: stage -> (from, to) minutes after the legs crossed.
ARTICLE_STAGE_WINDOWS_MIN = {
    "vascular compression": (0.0, 2.0),
    "ATP depletion": (2.0, 10.0),
    "partial depolarisation": (5.0, 15.0),
    "complete failure": (10.0, 20.0),
}
#: The article's recovery table: phase -> (from, to) seconds after release.
ARTICLE_RECOVERY_WINDOWS_S = {
    "nerve dark, silent": (0.0, 10.0),
    "scattered node activation": (10.0, 20.0),
    "random bursts throughout the nerve": (20.0, 40.0),
    "coordinated but irregular firing": (40.0, 60.0),
    "normal propagation resuming": (60.0, 120.0),
    "smooth continuous propagation": (120.0, 300.0),
}
#: Which fibres fail first under pressure.
ARTICLE_BLOCK_ORDER = ("C", "A-delta", "A-beta", "A-alpha")  # the article
EVIDENCE_BLOCK_ORDER = ("A-beta", "A-alpha", "A-delta", "C")  # Gasser & Erlanger 1929 et al.
#: Post-ischaemic paresthesia in people: starts 1-2 min after release, fades over ~10 min
#: (Reid 1931; Han et al. 2008).
EVIDENCE_PARESTHESIA_ONSET_S = (60.0, 120.0)
EVIDENCE_PARESTHESIA_END_S = (300.0, 900.0)
