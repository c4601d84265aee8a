/* records nested by value, two fields of the one below at each level: */
/* 2^40 leaves, which Elle must model once per record, not per leaf, and */
/* whose offsets it must not ask clang for by a query that visits them all */
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
struct level21 { struct level20 a; struct level20 b; };
struct level22 { struct level21 a; struct level21 b; };
struct level23 { struct level22 a; struct level22 b; };
struct level24 { struct level23 a; struct level23 b; };
struct level25 { struct level24 a; struct level24 b; };
struct level26 { struct level25 a; struct level25 b; };
struct level27 { struct level26 a; struct level26 b; };
struct level28 { struct level27 a; struct level27 b; };
struct level29 { struct level28 a; struct level28 b; };
struct level30 { struct level29 a; struct level29 b; };
struct level31 { struct level30 a; struct level30 b; };
struct level32 { struct level31 a; struct level31 b; };
struct level33 { struct level32 a; struct level32 b; };
struct level34 { struct level33 a; struct level33 b; };
struct level35 { struct level34 a; struct level34 b; };
struct level36 { struct level35 a; struct level35 b; };
struct level37 { struct level36 a; struct level36 b; };
struct level38 { struct level37 a; struct level37 b; };
struct level39 { struct level38 a; struct level38 b; };
struct level40 { struct level39 a; struct level39 b; };

/* records deep enough that their offsets come from C's layout rule, which */
/* must give clang's offsets or not be used: attributes, packing, bitfields */
struct plain_deep { char c; struct level12 a; char d; double e; short f[3]; };
union either { char c; struct level12 a; double d; };
#pragma pack(push, 2)
struct packed2 { char c; struct level12 a; char d; double e; };
#pragma pack(pop)
struct __attribute__((packed)) packed_record { char c; struct level12 a; short d; };
struct with_packed_field { char c; double x __attribute__((packed)); struct level12 a; char d; };
struct with_aligned_field { char c; struct level12 a __attribute__((aligned(32))); char d; };
struct with_bits { char c; struct level12 a; unsigned b1 : 3; unsigned b2 : 7; char d; };
