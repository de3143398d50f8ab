"""The use cases, one module each: a typed request in, a typed result out (`forecast.results`).

    run            RunRequest -> RunResult
    query          QueryRequest -> QueryResult (query_cases: many CSV cases at once)
    sensitivity    SensitivityRequest -> AnalysisResult[Sensitivity | RangeSensitivity]
    explain        ExplainRequest -> AnalysisResult[Explanation]
    voi            VoiRequest -> AnalysisResult[ValueOfInformation]
    warn           WarnRequest -> AnalysisResult[WarningCapacity]
    compare        CompareRequest -> ComparisonResult
    answer         the bottom line of a snapshot's question
    brief          BriefRequest -> BriefInput (the briefing pack's analyses)
    chart          the data a chart of a kind is drawn from
    by_date        a windowed target by date, under its hazard profile and others
    ledger         record, resolve, history and score forecasts
    init           a new case's folder
    validate       ValidateRequest -> the files checked, every problem found
    whatif         WhatIfRequest -> the what-if page's session

With several analysts, an analysis that needs one network (sensitivity, explain, voi,
warn, compare) runs once per analyst (`each_analyst`). `snapshot` holds what every use case
starts from; `team` the adjustments in force. The CLI (`forecast.cli`) and the what-if
server (`forecast.serve`) only build requests and render results; a notebook calls the
keyword functions (`run_scenario`, `sensitivity_scenario`, ...), re-exported by
`forecast.app` and `forecast`.
"""
