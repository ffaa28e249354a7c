// test_random.cpp: Rng's block draws (next_n, below of a draw) are the same sequence as one draw
// at a time, and the trainer's epoch order is the plain Fisher-Yates shuffle with Rng::below from
// the documented seed, epoch after epoch (the order must not change across versions).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "nn/random.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

void fisher_yates(std::vector<int>& order, Rng& rng) {
  for (int i = static_cast<int>(order.size()) - 1; i > 0; --i)
    std::swap(order[i], order[rng.below(static_cast<std::uint32_t>(i + 1))]);
}

}  // namespace

TEST_CASE("Rng::next_n gives the draws of next(), and leaves the same state") {
  for (int n : {0, 1, 7, 300}) {
    Rng one(0x1234567890abcdefull ^ n), block(0x1234567890abcdefull ^ n);
    std::vector<std::uint64_t> got(n + 1, 0);
    block.next_n(got.data(), n);
    for (int k = 0; k < n; ++k) CHECK(got[k] == one.next());
    CHECK(block.state == one.state);
    CHECK(block.next() == one.next());
  }
}

TEST_CASE("Rng::below of a draw equals below()") {
  Rng a(99), b(99);
  for (std::uint32_t n : {1u, 2u, 3u, 1000u, 4096u, 0xffffffffu}) {
    const std::uint32_t j = Rng::below(a.next(), n);
    CHECK(j == b.below(n));
    CHECK(j < n);
  }
}

TEST_CASE("trainer epoch order is Fisher-Yates with Rng::below, epoch after epoch") {
  for (int points : {10, 30, 1000, 1234}) {
    Config c;
    c.data.kind = DataKind::circle;
    c.data.points = points;
    c.data.seed = 3;
    c.network.hidden = {{4, Activation::relu}};
    c.network.seed = 11;
    c.train.batch_size = 64;
    Trainer t;
    REQUIRE(make_trainer(c, &t) == "");
    const int n = static_cast<int>(t.data.train.size());
    REQUIRE(n > 0);
    std::vector<int> ref(n);
    std::iota(ref.begin(), ref.end(), 0);
    Rng rng(c.network.seed ^ 0x6a09e667f3bcc908ull);  // trainer.cpp's minibatch seed
    fisher_yates(ref, rng);
    CHECK(t.order == ref);
    CHECK(t.rng_state == rng.state);
    // step by step over four epochs: an epoch's order is used up, then reshuffled
    const int batch = std::min(c.train.batch_size, n);
    int pos = 0;
    for (int s = 0; s < 4 * ((n + batch - 1) / batch) + 1; ++s) {
      REQUIRE(train_steps(t, 1) == 1);
      for (int taken = 0; taken < batch;) {
        if (pos >= n) {
          fisher_yates(ref, rng);
          pos = 0;
        }
        const int take = std::min(batch - taken, n - pos);
        pos += take;
        taken += take;
      }
      CHECK(t.order == ref);
      CHECK(t.rng_state == rng.state);
      CHECK(t.order_pos == pos);
    }
  }
}
