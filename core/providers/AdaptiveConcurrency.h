#pragma once

namespace assay {

// The number of calls a backend runs at once: it starts at the maximum, halves on a 429 and grows
// back by one per success (the AIMD rule promptfoo and TCP use). A burst of 429s from calls that
// all started before the last cut counts as one signal, so eight refusals from one overloaded
// moment halve the limit once rather than dropping it to 1.
class AdaptiveConcurrency {
public:
    explicit AdaptiveConcurrency(int maximum);

    int limit() const { return m_limit; }
    int maximum() const { return m_maximum; }
    // Taken when an attempt starts and handed back with its outcome.
    int epoch() const { return m_epoch; }

    void onRateLimited(int attemptEpoch);
    void onSuccess();

private:
    int m_maximum;
    int m_limit;
    int m_epoch = 0;
};

} // namespace assay
