// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The outbound byte queue of a connection. Bytes are appended at the end and consumed from the
// front as send() accepts them:
//
//   +------------------+------------------------+
//   |  already sent    |  waiting to be sent    |
//   +------------------+------------------------+
//   0             m_begin              m_data.size()
//
// The sent prefix is dropped when it is at least half the storage, so appending and consuming
// are amortised O(1) and the storage never holds more than twice what is waiting.

#include <cstddef>
#include <string>
#include <string_view>

namespace netcore {

class OutputBuffer
{
public:
    bool empty() const { return m_begin == m_data.size(); }
    std::size_t size() const { return m_data.size() - m_begin; }
    const char* data() const { return m_data.data() + m_begin; }

    void append(std::string_view bytes) { m_data.append(bytes.data(), bytes.size()); }

    void consume(std::size_t count)
    {
        m_begin += count;
        if (m_begin == m_data.size()) {
            m_data.clear();
            m_begin = 0;
        } else if (m_begin >= 4096 && m_begin * 2 >= m_data.size()) {
            m_data.erase(0, m_begin);
            m_begin = 0;
        }
    }

    void clear()
    {
        m_data.clear();
        m_data.shrink_to_fit();
        m_begin = 0;
    }

private:
    std::string m_data;
    std::size_t m_begin = 0;
};

} // namespace netcore
