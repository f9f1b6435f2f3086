/* Prints the golden values of tests/random.test.ts from the reference algorithms:
 * splitmix64 (Vigna, splitmix64.c) seeds xoshiro128** 1.1 (Blackman & Vigna, xoshiro128starstar.c),
 * the low then high 32 bits of two splitmix64 outputs giving s[0..3].
 * Build and run: cc -O2 -o /tmp/random_reference random_reference.c && /tmp/random_reference */
#include <stdint.h>
#include <stdio.h>

static uint64_t sm_state;
static uint64_t splitmix64(void) {
  uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint32_t s[4];
static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static uint32_t next(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

int main(void) {
  const uint64_t seeds[] = {0, 42, 9007199254740991ULL};
  for (int k = 0; k < 3; k++) {
    sm_state = seeds[k];
    uint64_t a = splitmix64(), b = splitmix64();
    s[0] = (uint32_t)a; s[1] = (uint32_t)(a >> 32); s[2] = (uint32_t)b; s[3] = (uint32_t)(b >> 32);
    printf("seed %llu:", (unsigned long long)seeds[k]);
    for (int i = 0; i < 6; i++) printf(" %u", next());
    printf("\n");
  }
  return 0;
}
