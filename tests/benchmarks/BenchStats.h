#pragma once

// Small helpers of the browse benchmark: medians, wall-clock timing, the process's memory.

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QString>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace assay::bench {

using namespace Qt::StringLiterals;

// Runs of one measurement in milliseconds; the first `warmups` are thrown away.
struct Samples {
    QList<double> ms;
    QString error; // non-empty: the measurement failed, and this says why

    bool ok() const { return error.isEmpty() && !ms.isEmpty(); }
    double median() const
    {
        if (ms.isEmpty())
            return 0;
        QList<double> s = ms;
        std::sort(s.begin(), s.end());
        const qsizetype n = s.size();
        return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
    double min() const { return ms.isEmpty() ? 0 : *std::min_element(ms.cbegin(), ms.cend()); }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.cbegin(), ms.cend()); }
};

inline constexpr int kWarmups = 1;
inline constexpr int kRuns = 5;

// `run` returns the milliseconds of one run, or nullopt with `error` set. A run may time only
// part of what it does (the repository call, not the set-up around it).
inline Samples measure(const std::function<std::optional<double>(QString &error)> &run, int warmups = kWarmups,
                       int runs = kRuns)
{
    Samples out;
    for (int i = 0; i < warmups + runs; ++i) {
        QString error;
        const std::optional<double> ms = run(error);
        if (!ms) {
            out.error = error.isEmpty() ? u"failed"_s : error;
            out.ms.clear();
            return out;
        }
        if (i >= warmups)
            out.ms << *ms;
    }
    return out;
}

// The p-th quantile (0..1) by the nearest-rank rule; 0 for no values.
inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto i = static_cast<qsizetype>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(i, 0, values.size() - 1));
}

inline double elapsedMs(const QElapsedTimer &t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// "12.3 ms", "1.24 s", with enough digits for sub-millisecond figures.
inline QString formatMs(double ms)
{
    if (ms >= 10'000)
        return QString::number(ms / 1000, 'f', 1) + u" s"_s;
    if (ms >= 1000)
        return QString::number(ms / 1000, 'f', 2) + u" s"_s;
    if (ms >= 100)
        return QString::number(ms, 'f', 0) + u" ms"_s;
    if (ms >= 10)
        return QString::number(ms, 'f', 1) + u" ms"_s;
    return QString::number(ms, 'f', 2) + u" ms"_s;
}

inline QString formatSamples(const Samples &s)
{
    if (!s.error.isEmpty())
        return u"failed: "_s + s.error;
    if (s.ms.isEmpty())
        return u"n/a"_s;
    if (s.ms.size() == 1)
        return formatMs(s.ms.first());
    return formatMs(s.median());
}

// Fields of /proc/self/status in MB (VmRSS: now, VmHWM: the peak); -1 when unreadable.
inline double procStatusMb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(prefix)) {
            const QByteArray kb = line.mid(prefix.size()).trimmed().split(' ').value(0);
            return kb.toDouble() / 1024.0;
        }
    }
    return -1;
}

// Resets VmHWM to the current RSS (Linux >= 4.0), so a peak can be taken over one phase.
inline bool resetPeakRss()
{
    QFile f(u"/proc/self/clear_refs"_s);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write("5") == 1;
}

} // namespace assay::bench
