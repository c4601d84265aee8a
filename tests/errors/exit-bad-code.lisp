(exit "three")
