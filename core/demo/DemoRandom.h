#pragma once

#include <QtGlobal>

#include <cmath>
#include <cstdint>

namespace assay::demo {

// splitmix64: turns any 64-bit value into a well-mixed one. Used to seed the generator and to
// derive stable ids (user, session) from the seed without consuming the row stream.
inline quint64 mix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// xoshiro256** with our own distributions. The demo file must be byte-identical for a seed on every
// platform, so nothing here may come from <random>'s implementation-defined distributions.
class DemoRandom {
public:
    explicit DemoRandom(quint64 seed, quint64 stream = 0)
    {
        quint64 x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
        for (auto &word : m_state) {
            x = mix64(x);
            word = x;
        }
    }

    quint64 next()
    {
        const quint64 result = rotl(m_state[1] * 5, 7) * 9;
        const quint64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }

    // [0, n). Multiply-shift is unbiased enough for n far below 2^32 (all our uses).
    quint32 below(quint32 n)
    {
        return static_cast<quint32>(((next() >> 32) * static_cast<quint64>(n)) >> 32);
    }
    int range(int lo, int hiInclusive) { return lo + static_cast<int>(below(static_cast<quint32>(hiInclusive - lo + 1))); }

    template <typename T, std::size_t N>
    const T &pick(const T (&items)[N]) { return items[below(static_cast<quint32>(N))]; }

    // Standard normal by Box-Muller (only libm's log/sqrt/cos, which are correctly rounded in glibc).
    double normal()
    {
        const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // exp(N(0, sigma)): a multiplicative jitter with median 1.
    double logNormal(double sigma) { return std::exp(sigma * normal()); }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_state[4] = {};
};

} // namespace assay::demo
