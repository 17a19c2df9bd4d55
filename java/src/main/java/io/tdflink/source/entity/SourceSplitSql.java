package io.tdflink.source.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The query a {@code TDengineSource} reads and how to split it: a full {@code sql}, or one
 * assembled as {@code select <select> from `<tableName>` [where <where>] [<other>]}; split by
 * time range, by tag predicates or by table list. Setters return {@code this}.
 */
@PublicEvolving
public class SourceSplitSql implements Serializable {
    private static final long serialVersionUID = 1L;

    private String sql = "";
    private String select = "";
    private String tableName = "";
    private String where = "";
    private String other = "";
    private SplitType splitType = SplitType.SPLIT_TYPE_SQL;
    private List<String> tableList = new ArrayList<>();
    private List<String> tagList = new ArrayList<>();
    private TimestampSplitInfo timestampSplitInfo;

    public SourceSplitSql() {}

    public SourceSplitSql(String sql) {
        this.sql = sql;
    }

    public SourceSplitSql setSql(String sql) {
        this.sql = sql;
        return this;
    }

    public SourceSplitSql setSelect(String select) {
        this.select = select;
        return this;
    }

    public SourceSplitSql setTableName(String tableName) {
        this.tableName = tableName;
        return this;
    }

    public SourceSplitSql setWhere(String where) {
        this.where = where;
        return this;
    }

    public SourceSplitSql setOther(String other) {
        this.other = other;
        return this;
    }

    public SourceSplitSql setSplitType(SplitType splitType) {
        this.splitType = splitType;
        return this;
    }

    public SourceSplitSql setTableList(List<String> tableList) {
        this.tableList = tableList;
        return this;
    }

    public SourceSplitSql setTagList(List<String> tagList) {
        this.tagList = tagList;
        return this;
    }

    public SourceSplitSql setTimestampSplitInfo(TimestampSplitInfo timestampSplitInfo) {
        this.timestampSplitInfo = timestampSplitInfo;
        return this;
    }

    public String getSql() {
        return sql;
    }

    public String getSelect() {
        return select;
    }

    public String getTableName() {
        return tableName;
    }

    public String getWhere() {
        return where;
    }

    public String getOther() {
        return other;
    }

    public SplitType getSplitType() {
        return splitType;
    }

    public List<String> getTableList() {
        return tableList;
    }

    public List<String> getTagList() {
        return tagList;
    }

    public TimestampSplitInfo getTimestampSplitInfo() {
        return timestampSplitInfo;
    }
}
