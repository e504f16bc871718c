"""The benchmark (leernetwerk): organisations that opt in compare their figures with those of
similar organisations, through stored releases under organisation-level disclosure rules."""
