using System.Text;

namespace RhetoricClassifier.Tests.Documents;

/// <summary>
/// Writes an SEC-style annual report as EDGAR serves it: XHTML with inline XBRL, a hidden
/// <c>ix:header</c> of facts and contexts, and a body of styled divs, spans and tables repeated up to a size.
/// </summary>
internal static class SecFiling
{
    private const string Head = """
        <?xml version="1.0" encoding="utf-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:dei="http://xbrl.sec.gov/dei/2024">
        <head><meta http-equiv="Content-Type" content="text/html"/><title>nwl-20251231</title></head>
        <body>
        <div style="display:none"><ix:header><ix:hidden><ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="c-1">0000123456</ix:nonNumeric></ix:hidden>
        <ix:resources><xbrli:context id="c-1"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000123456</xbrli:identifier></xbrli:entity></xbrli:context></ix:resources></ix:header></div>
        <div style="text-align:center"><span style="font-weight:700">UNITED STATES</span><br/><span style="font-weight:700">SECURITIES AND EXCHANGE COMMISSION</span></div>
        <div style="text-align:center"><span>Washington, D.C. 20549</span></div>
        <div style="text-align:center"><span style="font-size:14pt;font-weight:700">FORM 10-K</span></div>

        """;

    private const string Section = """
        <div style="margin-top:12pt"><span style="font-weight:700">Item {0}. Business</span></div>
        <div><span style="font-family:'Times New Roman'">Northwind Logistics operates distribution centres across North America. During fiscal 2025 we invested in automated picking systems and recorded capital expenditures of $</span><ix:nonFraction unitRef="usd" contextRef="c-1" name="us-gaap:PaymentsToAcquirePropertyPlantAndEquipment" scale="6" decimals="-6">310</ix:nonFraction><span> million.</span></div>
        <table style="border-collapse:collapse"><tr><td><span>Revenue</span></td><td><span>$&#160;4,210</span></td></tr><tr><td><span>Operating income</span></td><td><span>$&#160;388</span></td></tr></table>
        <div><span>Item {0}. We reduced headcount by 4% in the year and recorded restructuring charges of $12&#160;million.</span></div>

        """;

    /// <summary>Writes at least <paramref name="bytes"/> bytes; returns the size written and the number of sections.</summary>
    public static (long Size, int Sections) Write(string path, long bytes)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        writer.Write(Head);
        int sections = 0;
        while (true)
        {
            writer.Flush();
            if (writer.BaseStream.Length >= bytes)
            {
                break;
            }

            writer.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture, Section, ++sections));
        }

        writer.Write("</body></html>\n");
        writer.Flush();
        return (writer.BaseStream.Length, sections);
    }
}
