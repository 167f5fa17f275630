#include "core/checksum.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

// RFC 7693 Appendix A: BLAKE2b-512("abc").
TEST(Checksum, Blake2bMatchesTheRfcTestVector) {
  EXPECT_EQ(blake2b_hex("abc", 64),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  EXPECT_EQ(blake2b_hex("abc", 16).size(), 32U);
  EXPECT_NE(blake2b_hex("abc", 16), blake2b_hex("abd", 16));
}

}  // namespace
}  // namespace clearpoint::core
