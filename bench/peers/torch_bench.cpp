// torch_bench.cpp: the ReLU Lab benchmark nets trained and evaluated by libtorch (Debian's
// libtorch-dev 1.13, CPU, one thread). The peer row for bench/run_all.sh.
//
// Same nets, same data, same measures as bench/bench_core.cpp:
//   training: forward + backward + Adam update (lr 0.01), sigmoid output with binary cross-entropy
//             (binary_cross_entropy_with_logits), minibatches cut from the circle data set;
//             samples/s = batch * steps / seconds, best of several repetitions after a warm-up
//             (medians too);
//   grid:     forward on the 256 x 256 cell centres of [-6, 6]^2 under NoGradGuard, sigmoid, and a
//             contiguous float buffer out; best ms (and median). The grid input is built once.
//
//   torch_bench [--data circle.csv] [--quick] [--json]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct NetCase {
  const char* name;
  std::vector<int> sizes;
  bool relu;
  int batch;
};

struct Result {
  std::string name;
  int batch = 0;
  double train_samples_per_s = 0, train_median = 0, grid_ms = 0, grid_median_ms = 0;
  long steps_per_rep = 0;
  int reps = 0;
};

double now_s() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Rows of x1, x2, label: from our CSV if given, else the Playground's circle (as tfjs_bench.js).
std::vector<std::array<float, 3>> load_points(const char* file) {
  std::vector<std::array<float, 3>> pts;
  if (file) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::array<float, 3> p{};
      if (std::sscanf(line.c_str(), "%f,%f,%f", &p[0], &p[1], &p[2]) == 3) pts.push_back(p);
    }
    if (pts.empty()) {
      std::fprintf(stderr, "%s: no points\n", file);
      std::exit(2);
    }
    return pts;
  }
  unsigned long long s = 12345;
  auto rand01 = [&] {
    s = (s * 1103515245ull + 12345ull) % 2147483648ull;
    return s / 2147483648.0;
  };
  for (int i = 0; i < 4096; ++i) {
    double r = i % 2 ? rand01() * 2.5 : 3.5 + rand01() * 1.5, a = rand01() * 2 * M_PI;
    pts.push_back({float(r * std::sin(a)), float(r * std::cos(a)), float(i % 2)});
  }
  return pts;
}

Result bench_net(const NetCase& nc, const std::vector<std::array<float, 3>>& pts, bool quick) {
  torch::manual_seed(7);
  torch::nn::Sequential model;
  for (size_t l = 0; l + 1 < nc.sizes.size(); ++l) {
    torch::nn::Linear lin(nc.sizes[l], nc.sizes[l + 1]);
    torch::nn::init::kaiming_normal_(lin->weight, 0.0, torch::kFanIn, torch::kReLU);  // He normal
    torch::nn::init::zeros_(lin->bias);
    model->push_back(lin);
    if (l + 2 < nc.sizes.size()) {
      if (nc.relu)
        model->push_back(torch::nn::ReLU());
      else
        model->push_back(torch::nn::Tanh());
    }
  }
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(0.01));

  std::vector<std::pair<torch::Tensor, torch::Tensor>> batches;
  int n_batches = std::max<int>(1, int(pts.size()) / nc.batch);
  for (int b = 0; b < n_batches; ++b) {
    auto X = torch::empty({nc.batch, 2});
    auto Y = torch::empty({nc.batch, 1});
    for (int i = 0; i < nc.batch; ++i) {
      const auto& p = pts[(size_t(b) * nc.batch + i) % pts.size()];
      X[i][0] = p[0];
      X[i][1] = p[1];
      Y[i][0] = p[2] > 0.5f ? 1.0f : 0.0f;
    }
    batches.emplace_back(X, Y);
  }
  long k = 0;
  auto step = [&] {
    const auto& b = batches[k++ % batches.size()];
    opt.zero_grad();
    auto loss = torch::binary_cross_entropy_with_logits(model->forward(b.first), b.second);
    loss.backward();
    opt.step();
  };

  for (int i = 0; i < 20; ++i) step();
  double t0 = now_s();
  for (int i = 0; i < 20; ++i) step();
  double per_step = (now_s() - t0) / 20;
  long steps = std::max(5L, long(std::lround((quick ? 0.1 : 0.3) / per_step)));
  int reps = quick ? 3 : 7;
  std::vector<double> rates;
  for (int r = 0; r < reps; ++r) {
    t0 = now_s();
    for (long i = 0; i < steps; ++i) step();
    rates.push_back(double(steps) * nc.batch / (now_s() - t0));
  }

  const int W = 256, H = 256;
  auto G = torch::empty({W * H, 2});
  float* g = G.data_ptr<float>();
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c) {
      g[2 * (r * W + c)] = -6 + 12 * (c + 0.5f) / W;
      g[2 * (r * W + c) + 1] = 6 - 12 * (r + 0.5f) / H;
    }
  std::vector<float> out(size_t(W) * H);
  auto grid_once = [&] {
    torch::NoGradGuard no_grad;
    auto p = torch::sigmoid(model->forward(G)).contiguous();
    std::memcpy(out.data(), p.data_ptr<float>(), out.size() * sizeof(float));
  };
  for (int i = 0; i < 3; ++i) grid_once();
  std::vector<double> grid_ms;
  for (int r = 0; r < (quick ? 5 : 15); ++r) {
    t0 = now_s();
    grid_once();
    grid_ms.push_back((now_s() - t0) * 1e3);
  }
  Result res;
  res.name = nc.name;
  res.batch = nc.batch;
  res.train_samples_per_s = *std::max_element(rates.begin(), rates.end());
  res.train_median = median(rates);
  res.grid_ms = *std::min_element(grid_ms.begin(), grid_ms.end());
  res.grid_median_ms = median(grid_ms);
  res.steps_per_rep = steps;
  res.reps = reps;
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  const char* data = nullptr;
  bool quick = false, json = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
      data = argv[++i];
    else if (!std::strcmp(argv[i], "--quick"))
      quick = true;
    else if (!std::strcmp(argv[i], "--json"))
      json = true;
    else {
      std::fprintf(stderr, "usage: torch_bench [--data circle.csv] [--quick] [--json]\n");
      return 2;
    }
  }
  at::set_num_threads(1);
  at::set_num_interop_threads(1);
  auto pts = load_points(data);
  std::vector<NetCase> nets = {{"2-16-16-1 relu", {2, 16, 16, 1}, true, 1024},
                               {"2-64-64-64-1 relu", {2, 64, 64, 64, 1}, true, 256},
                               {"2-16-16-1 tanh", {2, 16, 16, 1}, false, 1024}};
  std::vector<Result> results;
  for (const auto& n : nets) results.push_back(bench_net(n, pts, quick));
  if (json) {
    std::printf(
        "{\n  \"peer\": \"libtorch\", \"version\": \"%s\", \"threads\": %d, \"points\": %zu,\n"
        "  \"results\": [\n",
        TORCH_VERSION, at::get_num_threads(), pts.size());
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      std::printf(
          "    {\"net\": \"%s\", \"batch\": %d, \"train_samples_per_s\": %.6g, "
          "\"train_samples_per_s_median\": %.6g, \"grid_ms\": %.6g, \"grid_median_ms\": %.6g, "
          "\"steps_per_rep\": %ld, \"reps\": %d}%s\n",
          r.name.c_str(), r.batch, r.train_samples_per_s, r.train_median, r.grid_ms,
          r.grid_median_ms, r.steps_per_rep, r.reps, i + 1 < results.size() ? "," : "");
    }
    std::printf("  ]\n}\n");
  } else {
    std::printf("libtorch %s, threads %d\n", TORCH_VERSION, at::get_num_threads());
    for (const auto& r : results)
      std::printf("%-20s batch %4d  train %.3f M samples/s  grid %.2f ms\n", r.name.c_str(),
                  r.batch, r.train_samples_per_s / 1e6, r.grid_ms);
  }
  return 0;
}
