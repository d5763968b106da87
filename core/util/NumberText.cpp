#include "util/NumberText.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const QLocale &english()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

} // namespace

QString formatCount(qint64 n)
{
    return english().toString(n);
}

QString formatShare(double fraction)
{
    return QString::number(fraction * 100, 'f', 1) + u'%';
}

QString formatSmallShare(double fraction)
{
    const double p = fraction * 100;
    return english().toString(p, 'f', p != 0 && p < 1 ? 2 : 1) + u'%';
}

} // namespace assay
