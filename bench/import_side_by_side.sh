echo side-by-side
