/* found only through an include folder the program gives */
#define ET_EXTRA 5
