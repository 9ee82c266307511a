#include "harness/base/status.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesKindAndMessage) {
  Status s = Status::InvalidArgument("bad base32 character '1' at position 4");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), Status::Kind::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "invalid argument: bad base32 character '1' at position 4");
}

TEST(StatusOrTest, HoldsValueOrError) {
  StatusOr<int> v = 42;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 42);
  StatusOr<int> e = Status::NotFound("no QR code");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().kind(), Status::Kind::kNotFound);
}

TEST(StatusOrTest, OkStatusIsNeverAValue) {
  StatusOr<int> e = Status::Ok();
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().kind(), Status::Kind::kInternal);
}

}  // namespace
}  // namespace proofup
