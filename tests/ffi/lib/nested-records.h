/* records nested by value, two fields of the one below at each level: */
/* 2^20 leaves, which Elle must model once per record, not per leaf */
struct level0 { int x; };
struct level1 { struct level0 a; struct level0 b; };
struct level2 { struct level1 a; struct level1 b; };
struct level3 { struct level2 a; struct level2 b; };
struct level4 { struct level3 a; struct level3 b; };
struct level5 { struct level4 a; struct level4 b; };
struct level6 { struct level5 a; struct level5 b; };
struct level7 { struct level6 a; struct level6 b; };
struct level8 { struct level7 a; struct level7 b; };
struct level9 { struct level8 a; struct level8 b; };
struct level10 { struct level9 a; struct level9 b; };
struct level11 { struct level10 a; struct level10 b; };
struct level12 { struct level11 a; struct level11 b; };
struct level13 { struct level12 a; struct level12 b; };
struct level14 { struct level13 a; struct level13 b; };
struct level15 { struct level14 a; struct level14 b; };
struct level16 { struct level15 a; struct level15 b; };
struct level17 { struct level16 a; struct level16 b; };
struct level18 { struct level17 a; struct level17 b; };
struct level19 { struct level18 a; struct level18 b; };
struct level20 { struct level19 a; struct level19 b; };
