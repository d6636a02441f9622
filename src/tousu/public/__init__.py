"""The public side (M11, M12): published complaints, merchant and industry pages, rankings,
search, the yearly report, credit linkage and business feedback, all read from
pre-aggregated monthly rows so they stay fast at national scale."""
